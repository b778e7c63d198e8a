import { dismiss, messages } from '../state/tasks';

export function Messages() {
  if (messages.value.length === 0) return null;
  return (
    <div class="messages">
      {messages.value.map((m) => (
        <div key={m.id} class={`message ${m.kind}`} role={m.kind === 'error' ? 'alert' : 'status'} data-testid={`message-${m.kind}`}>
          <span>{m.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(m.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
