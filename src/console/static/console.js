// linkedrole console: progressive enhancement only; every page works without it.
document.documentElement.classList.add('js');

function openDialog(id, trigger) {
  const dialog = document.getElementById(id);
  if (!dialog || typeof dialog.showModal !== 'function') return false;
  // Fill the chosen row's values into the dialog (Lex's Action > Delete).
  const needs = trigger && trigger.dataset.needsChoice;
  if (needs) {
    const chosen = document.querySelector(`input[name="${needs}"]:checked`);
    if (!chosen) {
      alert('Choose one first.');
      return true;
    }
    const hidden = dialog.querySelector(`input[type="hidden"][name="${needs}"]`);
    if (hidden) hidden.value = chosen.value;
    dialog.querySelectorAll('[data-fill="botName"]').forEach((el) => (el.textContent = chosen.dataset.name || chosen.value));
  }
  const menu = trigger && trigger.closest('details[data-menu]');
  if (menu) menu.open = false;
  dialog.showModal();
  const input = dialog.querySelector('input[name="confirm"]') || dialog.querySelector('button, a');
  if (input) input.focus();
  return true;
}

document.addEventListener('click', (event) => {
  const opener = event.target.closest('[data-dialog]');
  if (opener) {
    if (openDialog(opener.dataset.dialog, opener)) event.preventDefault();
    return;
  }
  const closer = event.target.closest('[data-close-dialog]');
  if (closer && closer.closest('dialog')) {
    event.preventDefault();
    closer.closest('dialog').close();
  }
});

// Confirmation forms: the final button is enabled once the word is typed.
function syncConfirm(form) {
  const word = form.dataset.confirmWord;
  const input = form.querySelector('input[name="confirm"]');
  const submit = form.querySelector('[data-confirm-submit]');
  if (input && submit) submit.disabled = input.value.trim() !== word;
}
document.querySelectorAll('form[data-confirm-word]').forEach((form) => {
  syncConfirm(form);
  form.addEventListener('input', () => syncConfirm(form));
});

// Menus close with Escape and when focus leaves them.
document.querySelectorAll('details[data-menu]').forEach((menu) => {
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });
  menu.addEventListener('toggle', () => {
    if (menu.open) {
      const first = menu.querySelector('[role="menuitem"]');
      if (first) first.focus();
    }
  });
});

// The region picker switches on change.
document.querySelectorAll('select[data-autosubmit]').forEach((select) => select.addEventListener('change', () => select.form.submit()));

// A service-linked role's deletion task: its status, polled until it ends.
const status = document.getElementById('deletion-status');
if (status && status.dataset.task) {
  const poll = async () => {
    const current = status.dataset.status;
    if (current === 'SUCCEEDED' || current === 'FAILED') return;
    try {
      const response = await fetch(`/console/iam/deletion-status?task=${encodeURIComponent(status.dataset.task)}`, { headers: { accept: 'application/json' } });
      if (response.ok) {
        const answer = await response.json();
        const next = answer.Status || 'ERROR';
        if (next !== current) {
          status.innerHTML = answer.html;
          status.dataset.status = next;
        }
        if (answer.error) return;
      }
    } catch {
      // try again
    }
    setTimeout(poll, 400);
  };
  setTimeout(poll, 300);
}
