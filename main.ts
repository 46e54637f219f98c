import { App } from "cdktf";
import { addArrakisStacks } from "./lib/arrakis-app";
import { addArrakisOrganizationStack } from "./lib/arrakis-organization-app";

// cdktf records a stack trace for every token it creates; with tsx's source maps each trace is
// mapped back to TypeScript, which costs a third of the synth time. Synth errors carry their own
// messages (input, value, rule), so plain JavaScript positions are enough here.
process.setSourceMapsEnabled(false);

const app = new App();
addArrakisStacks(app);
addArrakisOrganizationStack(app);
app.synth();
