process.setSourceMapsEnabled(false);
const { synthProductionStack } = require("./bench/backup-apps");
const n = Number(process.env.N ?? 1000);
for (let i = 0; i < 3; i++) synthProductionStack("/tmp/st4", n);
const { Session } = require("node:inspector");
const s = new Session(); s.connect();
s.post("Profiler.enable"); s.post("Profiler.setSamplingInterval", { interval: 100 });
s.post("Profiler.start", () => {
  for (let i = 0; i < 10; i++) synthProductionStack("/tmp/st4", n);
  s.post("Profiler.stop", (err: unknown, { profile }: any) => { require("fs").writeFileSync(`/tmp/prof/rds${n}.cpuprofile`, JSON.stringify(profile)); });
});
