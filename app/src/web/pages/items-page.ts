// GET /items: the signed-in user's items, a form that creates one, each item's worker
// result (polled until done or parked), and a logout button. Signed-out visitors go to /.
import { renderPage } from './layout.ts';

const BODY = `
<header>
  <h1>Items</h1>
  <span data-testid="whoami"></span>
  <button data-testid="logout" type="button">Log out</button>
</header>
<form data-testid="item-form">
  <label>Title <input data-testid="item-title" name="title" maxlength="200" required></label>
  <label>Body <textarea data-testid="item-body" name="body" rows="3"></textarea></label>
  <button data-testid="item-create" type="submit">Create</button>
  <p class="error" data-testid="item-error" role="alert" hidden></p>
</form>
<ul data-testid="item-list"></ul>`;

const SCRIPT = `
const token = localStorage.getItem(TOKEN_KEY);
if (!token) location.replace('/');
const list = document.querySelector('[data-testid="item-list"]');
const form = document.querySelector('[data-testid="item-form"]');
const errorLine = document.querySelector('[data-testid="item-error"]');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(path, init = {}) {
  const headers = { authorization: 'Bearer ' + token };
  if (init.body) headers['content-type'] = 'application/json';
  const response = await fetch('/api' + path, { ...init, headers });
  if (response.status === 401) {
    localStorage.removeItem(TOKEN_KEY);
    location.replace('/');
    throw new Error('signed out');
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new Error((body && body.message) || 'HTTP ' + response.status);
  return body;
}

function describe(result) {
  if (result.status === 'done') return 'done: ' + result.result.wordCount + ' words, ' + result.result.titleUppercase;
  if (result.status === 'parked') return 'parked after ' + result.attempts + ' attempts';
  return 'pending';
}

async function followResult(item, resultElement) {
  // Poll every half second for up to two minutes; the worker normally answers in well under one.
  for (let round = 0; round < 240; round++) {
    const result = await api('/items/' + item.id + '/result');
    resultElement.dataset.status = result.status;
    resultElement.textContent = describe(result);
    if (result.status !== 'pending') return;
    await sleep(500);
  }
}

// A row's result comes with the list; only a pending one is followed until it settles.
function addRow(item, summary, atTop) {
  const row = document.createElement('li');
  row.dataset.testid = 'item-row';
  row.dataset.itemId = item.id;
  const title = document.createElement('span');
  title.dataset.testid = 'item-row-title';
  title.textContent = item.title;
  const result = document.createElement('span');
  result.dataset.testid = 'item-result';
  result.dataset.status = summary.status;
  result.textContent = describe(summary);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.dataset.testid = 'item-delete';
  remove.textContent = 'Delete';
  remove.addEventListener('click', async () => {
    await api('/items/' + item.id, { method: 'DELETE' });
    row.remove();
  });
  row.append(title, result, remove);
  if (atTop) list.prepend(row); else list.append(row);
  if (summary.status === 'pending') followResult(item, result).catch((error) => { result.textContent = 'unknown: ' + error.message; });
}

async function load() {
  const { user } = await api('/me');
  document.querySelector('[data-testid="whoami"]').textContent = user.email + ' (' + user.role + ')';
  const { items } = await api('/items');
  for (const item of items) addRow(item, { status: item.resultStatus, result: item.result, attempts: item.resultAttempts }, false);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errorLine.hidden = true;
  try {
    const { item } = await api('/items', {
      method: 'POST',
      body: JSON.stringify({ title: form.title.value, body: form.body.value }),
    });
    form.reset();
    addRow(item, { status: 'pending' }, true);
  } catch (error) {
    errorLine.textContent = 'Could not create the item: ' + error.message;
    errorLine.hidden = false;
  }
});

document.querySelector('[data-testid="logout"]').addEventListener('click', () => {
  localStorage.removeItem(TOKEN_KEY);
  location.assign('/');
});

if (token) load().catch((error) => { errorLine.textContent = error.message; errorLine.hidden = false; });`;

export function renderItemsPage(): string {
  return renderPage('Items', BODY, SCRIPT);
}
