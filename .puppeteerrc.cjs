// Puppeteer (pulled in by whatsapp-web.js) must never download a browser at install time:
// the machines and the Docker image use Debian's chromium (PUPPETEER_EXECUTABLE_PATH).
module.exports = { skipDownload: true };
