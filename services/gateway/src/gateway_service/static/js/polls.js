// polls.js: the secret ballot in the browser, and the receipt check of published ballots.
//
// A secret poll's credential is fetched when the poll is first shown (not when voting, so
// issuing and casting are far apart in time): a random token is blinded here with
// rsabssa.js, only the blinded message goes to the gateway, and the unblinded signature is
// kept in this browser's storage with the token. The ballot is then sent without cookies,
// so nothing ties it to the session. Messages come translated in data-msg-* attributes.
import { credential, requestCredential } from "./rsabssa.js";

const storageKey = (pollId, employeeId) => `collab-hub.poll.${pollId}.${employeeId}`;

function load(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "{}");
  } catch {
    return {};
  }
}

function save(key, value) {
  localStorage.setItem(key, JSON.stringify(value));
}

function say(element, state) {
  element.dataset.state = state;
  element.textContent = element.dataset[`msg${state[0].toUpperCase()}${state.slice(1)}`] || "";
}

function showError(message) {
  const messages = document.getElementById("messages");
  messages.replaceChildren(Object.assign(document.createElement("p"), {
    className: "message error",
    textContent: message,
  }));
}

function setEnabled(form, enabled) {
  for (const control of form.elements) control.disabled = !enabled;
}

/** The ballot a ballot form holds (the same rules as pages/polls_forms.py). */
export function ballotOf(form, submitter) {
  if (submitter && submitter.name === "abstain") return { abstain: true };
  const data = new FormData(form);
  const kind = form.dataset.kind;
  if (kind === "single" || kind === "multiple") return { choice: data.getAll("choice") };
  const prefix = kind === "ranked" ? "rank-" : "rating-";
  const numbers = [];
  for (const [name, value] of data) {
    const n = Number.parseInt(String(value), 10);
    if (name.startsWith(prefix) && /^\d+$/.test(String(value).trim()) && n > 0) {
      numbers.push([name.slice(prefix.length), n]);
    }
  }
  if (kind === "ranked") {
    numbers.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    return { ranking: numbers.map(([option]) => option) };
  }
  return { ratings: Object.fromEntries(numbers) };
}

/** The stored credential, else a new one (null: it was issued to another browser). */
async function ensureCredential(key, section, jwk) {
  const stored = load(key);
  if (stored.credential) return stored.credential;
  if (!stored.pending && section.dataset.tookPart === "true") return null;
  const pending = stored.pending || (await requestCredential(jwk));
  save(key, { ...stored, pending }); // before sending: a lost answer can be asked for again
  const response = await fetch(`/polls/${encodeURIComponent(section.dataset.pollId)}/credential`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": section.dataset.csrfToken },
    body: JSON.stringify({ blinded_message: pending.blindedMessage }),
  });
  if (response.status === 409) return null;
  if (!response.ok) throw new Error((await response.json()).message);
  const answer = await response.json();
  const cred = await credential(jwk, pending, answer.blind_signature);
  save(key, { ...load(key), pending: undefined, credential: cred });
  return cred;
}

function showReceipt(receipt) {
  const box = document.getElementById("secret-receipt");
  box.querySelector("[data-receipt]").textContent = receipt;
  box.hidden = false;
}

async function cast(key, section, form, submitter) {
  const { credential: cred } = load(key);
  const pollId = encodeURIComponent(section.dataset.pollId);
  const ballot = ballotOf(form, submitter); // before disabling: disabled controls send nothing
  setEnabled(form, false);
  try {
    const response = await fetch(`/polls/${pollId}/ballots`, {
      method: "POST",
      credentials: "omit",
      cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: cred.token, signature: cred.signature, ...ballot }),
    });
    const answer = await response.json();
    if (!response.ok) {
      showError(answer.message);
      return;
    }
    save(key, { ...load(key), receipt: answer.receipt });
    showReceipt(answer.receipt);
    form.hidden = section.dataset.allowChange !== "true";
  } catch {
    showError(section.dataset.msgFailed);
  } finally {
    setEnabled(form, true);
  }
}

async function secretBallot(section) {
  const key = storageKey(section.dataset.pollId, section.dataset.employeeId);
  const status = document.getElementById("credential-status");
  const form = document.getElementById("ballot-form");
  const jwk = JSON.parse(section.dataset.ballotKey);
  const { receipt } = load(key);
  if (receipt) showReceipt(receipt);
  setEnabled(form, false);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    cast(key, section, form, event.submitter);
  });
  try {
    const cred = await ensureCredential(key, section, jwk);
    if (cred === null) {
      say(status, "elsewhere");
      form.hidden = true;
      return;
    }
    if (receipt && section.dataset.allowChange !== "true") {
      say(status, "voted");
      form.hidden = true;
      return;
    }
    say(status, "ready");
    setEnabled(form, true);
  } catch {
    say(status, "failed");
  }
}

function rememberReceipt(box) {
  const key = storageKey(box.dataset.pollId, box.dataset.employeeId);
  save(key, { ...load(key), receipt: box.querySelector("[data-receipt]").textContent.trim() });
}

function receiptCheck(section) {
  const input = document.getElementById("receipt-input");
  const result = document.getElementById("receipt-result");
  const { receipt } = load(storageKey(section.dataset.pollId, section.dataset.employeeId));
  if (receipt && !input.value) input.value = receipt;
  const find = () => {
    const wanted = input.value.trim();
    let mine = null;
    for (const row of document.querySelectorAll("#ballots tr[data-receipt]")) {
      const match = wanted !== "" && row.dataset.receipt === wanted;
      row.classList.toggle("mine", match);
      if (match) mine = row;
    }
    say(result, wanted === "" ? "empty" : mine ? "found" : "missing");
    if (mine) mine.scrollIntoView({ block: "center" });
  };
  input.addEventListener("input", find);
  find();
}

const secret = document.getElementById("secret-ballot");
if (secret) secretBallot(secret);
const shown = document.getElementById("receipt");
if (shown && shown.dataset.pollId) rememberReceipt(shown);
const check = document.getElementById("receipt-check");
if (check) receiptCheck(check);
