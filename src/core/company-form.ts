/**
 * An Indonesian company's legal form before its name ("PT Maju Jaya", "CV. Sinar"), not before a
 * chat word ("PT yg rekrut sy", "PT nya", "PT resmi"): the registry's kind of company, named.
 */
export const COMPANY_NAMED =
  /\b(?:p\.?\s?t|cv)\.?\s+(?!(?:yg|yang|nya|itu|ini|tsb|tersebut|mana|apa|apakah|resmi|di|ke|dari|untuk|buat|saya|sy|aku|kami|kita|tempat|tmpt|abal|ilegal|legal|bodong)\b)\p{L}/iu;
