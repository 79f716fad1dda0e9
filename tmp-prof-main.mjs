import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
const s = new Session(); s.connect();
await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 }); await s.post('Profiler.start');
let done = false;
async function stop() { if (done) return; done = true; const { profile } = await s.post('Profiler.stop'); writeFileSync('/tmp/w/prof/start.cpuprofile', JSON.stringify(profile)); }
// first reply ~ when the process has been idle: stop after 4 s
setTimeout(() => { stop(); }, 4000).unref();
process.prependListener('SIGTERM', () => { stop(); });
await import('./dist/main.js');
