// A process for the crash test of pub/sub reclaim: runs the engine under
// INSTANCE_ID with one subscription, prints each message it receives, and
// (with HANG=1) never finishes handling one, so it dies holding it.
// The host's own module, not `encore.dev/pubsub`: the Encore parser reads every
// non-test file and would take a Topic declared here for an app resource.
import { Subscription, Topic } from "../encore/pubsub.ts";
import { pubsub } from "../runtime/pubsub-engine.ts";

interface Msg { tag: string }
const topic = new Topic<Msg>("test-crash", { deliveryGuarantee: "at-least-once" });
const _sub = new Subscription(topic, "test-crash-sub", {
  handler: async (m: Msg) => {
    process.stdout.write(`received ${m.tag}\n`);
    if (process.env.HANG === "1") await new Promise(() => {});
  },
});

await pubsub.start({ instanceId: process.env.INSTANCE_ID });
process.stdout.write("ready\n");
