import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { NewPrompt, type NewPromptProps } from '../../src/ui/new-prompt.js';

const templates = [
  { name: 'event-behavior', description: 'One event behavior' },
  { name: 'state-machine', description: 'A state machine' },
  { name: 'folder-plugin', description: 'A folder plugin' },
];

const ARROW_DOWN = '\u001B[B';
const ENTER = '\r';
const ESCAPE = '\u001B';

// Ink reads input on the next tick; give it one before looking at the frame.
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
// The list subscribes to keys in an effect that runs after its first frame is drawn.
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

async function type(stdin: { write(data: string): void }, ...chunks: string[]): Promise<void> {
  for (const chunk of chunks) {
    stdin.write(chunk);
    await tick();
  }
}

function setup(props: Partial<NewPromptProps> = {}) {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  const checkName = props.checkName ?? ((name: string) => (name === 'taken' ? 'a plugin named "taken" already exists in that folder' : name === '' ? 'the name is empty' : undefined));
  const app = render(<NewPrompt templates={templates} checkName={checkName} onSubmit={onSubmit} onCancel={onCancel} {...props} />);
  return { ...app, onSubmit, onCancel };
}

describe('the new prompt', () => {
  it('asks for the name first, with a placeholder', () => {
    const { lastFrame } = setup();
    expect(lastFrame()).toContain('? Plugin name (kebab-case)');
    expect(lastFrame()).toContain('over-glow');
    expect(lastFrame()).not.toContain('Template');
  });

  it('takes a typed name, then a template chosen with the arrow keys', async () => {
    const { lastFrame, stdin, onSubmit } = setup();
    await type(stdin, 'door-state');
    expect(lastFrame()).toContain('door-state');
    await type(stdin, ENTER);
    expect(lastFrame()).toContain('✔ Plugin name door-state');
    expect(lastFrame()).toContain('? Template');
    expect(lastFrame()).toMatch(/❯ event-behavior\s+One event behavior/);
    await settle();
    await type(stdin, ARROW_DOWN);
    // Ink throttles redraws; wait for the frame rather than for a fixed time.
    await vi.waitFor(() => expect(lastFrame()).toMatch(/❯ state-machine\s+A state machine/), { timeout: 1000 });
    await type(stdin, ENTER);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'door-state', template: 'state-machine' });
    await vi.waitFor(() => expect(lastFrame()).toContain('✔ Template state-machine'), { timeout: 1000 });
    expect(lastFrame()).not.toContain('Esc to cancel');
  });

  it('shows why a name is refused and stays on the name', async () => {
    const { lastFrame, stdin, onSubmit } = setup();
    await type(stdin, 'taken', ENTER);
    expect(lastFrame()).toContain('a plugin named "taken" already exists in that folder');
    expect(lastFrame()).toContain('? Plugin name');
    expect(onSubmit).not.toHaveBeenCalled();
    await type(stdin, '2', ENTER);
    expect(lastFrame()).not.toContain('already exists');
    expect(lastFrame()).toContain('✔ Plugin name taken2');
  });

  it('asks only for the template when the name was given', async () => {
    const { lastFrame, stdin, onSubmit } = setup({ name: 'hover-glow' });
    expect(lastFrame()).toContain('✔ Plugin name hover-glow');
    await settle();
    await type(stdin, ARROW_DOWN, ARROW_DOWN, ENTER);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'hover-glow', template: 'folder-plugin' });
  });

  it('asks only for the name when the template was given', async () => {
    const { lastFrame, stdin, onSubmit } = setup({ template: 'state-machine' });
    await type(stdin, 'lamp', ENTER);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'lamp', template: 'state-machine' });
    expect(lastFrame()).toContain('✔ Template state-machine');
  });

  it('cancels on Escape without an answer', async () => {
    const { stdin, onSubmit, onCancel } = setup();
    await type(stdin, 'half', ESCAPE);
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
