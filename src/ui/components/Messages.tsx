import { dismiss, messages, scopeOf, visibleMessages, type Message } from '../state/messages';
import { route } from '../state/route';

/**
 * Errors stay at the top of the page they came from until dismissed; confirmations are toasts that
 * fade (the CSS animation's end removes them, so hovering or focusing one holds it). Both are only
 * shown on their own page or dataset, and every one of them stays readable in the activity log.
 */
export function Messages() {
  const shown = visibleMessages(messages.value, scopeOf(route.value));
  const errors = shown.filter((m) => m.kind === 'error');
  const toasts = shown.filter((m) => m.kind === 'info');
  return (
    <>
      {errors.length > 0 && (
        <div class="messages">
          {errors.map((m) => (
            <div key={m.id} class="message error" role="alert" data-testid="message-error">
              <span>{m.text}</span>
              <button type="button" aria-label="Dismiss" onClick={() => dismiss(m.id)}>×</button>
            </div>
          ))}
          {errors.length > 1 && (
            <button type="button" class="link dismiss-all" onClick={() => errors.forEach((m) => dismiss(m.id))}>
              Dismiss all {errors.length} errors
            </button>
          )}
        </div>
      )}
      <div class="toasts" role="status" aria-live="polite">
        {toasts.map((m) => (
          <Toast key={m.id} message={m} />
        ))}
      </div>
    </>
  );
}

function Toast({ message }: { message: Message }) {
  const action = message.action;
  return (
    <div class="message info toast" data-testid="message-info" onAnimationEnd={(e) => e.animationName === 'toast-life' && dismiss(message.id)}>
      <span>{message.text}</span>
      {action?.valid() && (
        <button type="button" class="toast-action" onClick={() => (dismiss(message.id), action.run())} data-testid="toast-action">
          {action.label}
        </button>
      )}
      <button type="button" aria-label="Dismiss" onClick={() => dismiss(message.id)}>×</button>
    </div>
  );
}
