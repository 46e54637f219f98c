/** One fake endpoint per test: started on demand with the SDK pointed at it, stopped after the test. */
import { afterEach } from "vitest";
import { fakeAwsEnv, startFakeAws, type FakeAccount, type FakeAws } from "./fake-aws";

/** Registers the cleanup and returns `start(account)`; `stop()` closes the fake early (an unreachable endpoint). */
export function fakeAwsPerTest(): { start: (account: FakeAccount) => Promise<FakeAws>; stop: () => Promise<void> } {
  const savedEnv = { ...process.env };
  let fake: FakeAws | undefined;
  const stop = async () => {
    await fake?.close();
    fake = undefined;
  };
  afterEach(async () => {
    process.env = { ...savedEnv };
    await stop();
  });
  return {
    start: async (account) => {
      fake = await startFakeAws(account);
      Object.assign(process.env, fakeAwsEnv(fake.url));
      return fake;
    },
    stop,
  };
}
