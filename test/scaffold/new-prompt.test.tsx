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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends keys and waits until they had an effect. Ink hands a key only to the components
 * subscribed at that moment, and a component subscribes in an effect after its first frame;
 * on a busy machine that can be later than any fixed wait, so a key that had no effect at all
 * within a second is sent again (a key that was handled always shows within that time).
 */
async function press(stdin: { write(data: string): void }, data: string, done: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    stdin.write(data);
    for (const started = Date.now(); Date.now() - started < 1000; await sleep(10)) {
      if (done()) return;
    }
  }
  throw new Error(`${JSON.stringify(data)} had no effect`);
}

function setup(props: Partial<NewPromptProps> = {}) {
  const onSubmit = vi.fn();
  const onCancel = vi.fn();
  const checkName = vi.fn((name: string) => (name === 'taken' ? 'a plugin named "taken" already exists in that folder' : name === '' ? 'the name is empty' : undefined));
  const app = render(<NewPrompt templates={templates} checkName={checkName} onSubmit={onSubmit} onCancel={onCancel} {...props} />);
  const frame = () => app.lastFrame() ?? '';
  return { ...app, frame, onSubmit, onCancel, checkName };
}

describe('the new prompt', () => {
  it('asks for the name first, with a placeholder', () => {
    const { frame } = setup();
    expect(frame()).toContain('? Plugin name (kebab-case)');
    expect(frame()).toContain('over-glow');
    expect(frame()).not.toContain('Template');
  });

  it('takes a typed name, then a template chosen with the arrow keys', async () => {
    const { frame, stdin, onSubmit, checkName } = setup();
    await press(stdin, 'door-state', () => frame().includes('door-state'));
    await press(stdin, ENTER, () => checkName.mock.calls.length > 0);
    await vi.waitFor(() => expect(frame()).toContain('? Template'));
    expect(frame()).toContain('✔ Plugin name door-state');
    expect(frame()).toMatch(/❯ event-behavior\s+One event behavior/);
    await press(stdin, ARROW_DOWN, () => /❯ state-machine\s+A state machine/.test(frame()));
    await press(stdin, ENTER, () => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'door-state', template: 'state-machine' });
    await vi.waitFor(() => expect(frame()).toContain('✔ Template state-machine'));
    expect(frame()).not.toContain('Esc to cancel');
  });

  it('submits the name on screen when Enter follows a paste at once, not an outdated one', async () => {
    const { frame, stdin, checkName, onSubmit } = setup({ template: 'event-behavior' });
    await press(stdin, 'd', () => frame().includes('? Plugin name (kebab-case) d'));
    // No wait between the two: the text input's key handler may still hold "d" (or even "")
    // when Enter comes, and would submit that. The prompt submits what the user sees.
    stdin.write('oor-state');
    stdin.write(ENTER);
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    const submitted = (onSubmit.mock.calls[0]?.[0] as { name: string }).name;
    // ink-text-input itself may have built the text on "" rather than "d": either way what is
    // submitted is what the frame showed, never the handler's stale "d".
    expect(['door-state', 'oor-state']).toContain(submitted);
    expect(checkName).toHaveBeenLastCalledWith(submitted);
    await vi.waitFor(() => expect(frame()).toContain(`✔ Plugin name ${submitted}`));
  });

  it('shows why a name is refused and stays on the name', async () => {
    const { frame, stdin, onSubmit, checkName } = setup();
    await press(stdin, 'taken', () => frame().includes('taken'));
    await press(stdin, ENTER, () => checkName.mock.calls.length > 0);
    await vi.waitFor(() => expect(frame()).toContain('a plugin named "taken" already exists in that folder'));
    expect(frame()).toContain('? Plugin name');
    expect(onSubmit).not.toHaveBeenCalled();
    await press(stdin, '2', () => frame().includes('taken2'));
    expect(frame()).not.toContain('already exists');
    await press(stdin, ENTER, () => checkName.mock.calls.length > 1);
    await vi.waitFor(() => expect(frame()).toContain('✔ Plugin name taken2'));
  });

  it('asks only for the template when the name was given', async () => {
    const { frame, stdin, onSubmit } = setup({ name: 'hover-glow' });
    expect(frame()).toContain('✔ Plugin name hover-glow');
    await press(stdin, ARROW_DOWN, () => frame().includes('❯ state-machine'));
    await press(stdin, ARROW_DOWN, () => frame().includes('❯ folder-plugin'));
    await press(stdin, ENTER, () => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'hover-glow', template: 'folder-plugin' });
  });

  it('asks only for the name when the template was given', async () => {
    const { frame, stdin, onSubmit } = setup({ template: 'state-machine' });
    await press(stdin, 'lamp', () => frame().includes('lamp'));
    await press(stdin, ENTER, () => onSubmit.mock.calls.length > 0);
    expect(onSubmit).toHaveBeenCalledWith({ name: 'lamp', template: 'state-machine' });
    await vi.waitFor(() => expect(frame()).toContain('✔ Template state-machine'));
  });

  it('cancels on Escape without an answer', async () => {
    const { frame, stdin, onSubmit, onCancel } = setup();
    await press(stdin, 'half', () => frame().includes('half'));
    await press(stdin, ESCAPE, () => onCancel.mock.calls.length > 0);
    expect(onCancel).toHaveBeenCalledOnce();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
