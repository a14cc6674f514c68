// One step of a secret-ballot voter with rsabssa.js, for the gateway's interoperability test:
// reads {"step": "request", "jwk"} or {"step": "finalize", "jwk", "request", "blindSignature"}
// as JSON on stdin and writes the module's answer as JSON on stdout.
import { readFileSync } from "node:fs";

import { credential, requestCredential } from "../../src/gateway_service/static/js/rsabssa.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const answer =
  input.step === "request"
    ? await requestCredential(input.jwk)
    : await credential(input.jwk, input.request, input.blindSignature);
process.stdout.write(JSON.stringify(answer));
