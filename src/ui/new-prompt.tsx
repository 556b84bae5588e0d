import { Box, Text, render, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import TextInput from 'ink-text-input';
import { useEffect, useRef, useState } from 'react';

export interface TemplateChoice {
  name: string;
  description: string;
}

export interface NewPromptAnswer {
  name: string;
  template: string;
}

export interface NewPromptProps {
  templates: readonly TemplateChoice[];
  /** Given on the command line: the name step is skipped. */
  name?: string | undefined;
  /** Given on the command line: the template step is skipped. */
  template?: string | undefined;
  /** Why a name cannot be used, or undefined when it can. The caller decides (reserved words, plugins already there). */
  checkName: (name: string) => string | undefined;
  onSubmit: (answer: NewPromptAnswer) => void;
  onCancel: () => void;
}

type Step = 'name' | 'template' | 'done';

/** One line a template, cut at the terminal's width rather than wrapped. */
function TemplateItem({ isSelected = false, label }: { isSelected?: boolean; label: string }) {
  return (
    <Text color={isSelected ? 'cyan' : undefined} wrap="truncate-end">
      {label}
    </Text>
  );
}

/**
 * Asks for what `svgx-plugins new` was not given: a name (text input, checked on Enter) and a
 * template (a list). Escape or Ctrl-C cancels. Renders its props; reads and writes nothing.
 */
export function NewPrompt({ templates, name: givenName, template: givenTemplate, checkName, onSubmit, onCancel }: NewPromptProps) {
  const [step, setStep] = useState<Step>(givenName === undefined ? 'name' : givenTemplate === undefined ? 'template' : 'done');
  const [name, setName] = useState(givenName ?? '');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [chosen, setChosen] = useState<string | undefined>(givenTemplate);
  const [answer, setAnswer] = useState<NewPromptAnswer | undefined>(undefined);
  // The input components hand their key handlers over in an effect after each frame, so a key
  // that comes quickly (a paste then Enter) reaches a handler holding the previous value. What
  // the user sees is kept in refs, and Enter acts on that rather than on what the handler says.
  const typed = useRef(givenName ?? '');
  const highlighted = useRef(templates[0]?.name);

  // Reported after the frame with both answers ticked is on screen, so that frame is the last one.
  useEffect(() => {
    if (answer) onSubmit(answer);
  }, [answer, onSubmit]);

  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) {
      setStep('done');
      onCancel();
    }
  });

  const finish = (template: string, pluginName: string) => {
    setChosen(template);
    setStep('done');
    setAnswer({ name: pluginName, template });
  };

  const submitName = () => {
    const trimmed = typed.current.trim();
    const reason = checkName(trimmed);
    if (reason) {
      setProblem(reason);
      return;
    }
    setProblem(undefined);
    setName(trimmed);
    if (givenTemplate === undefined) setStep('template');
    else finish(givenTemplate, trimmed);
  };

  const width = Math.max(...templates.map((t) => t.name.length), 8);
  const items = templates.map((t) => ({ key: t.name, value: t.name, label: `${t.name.padEnd(width)}  ${t.description}` }));

  return (
    <Box flexDirection="column">
      {step === 'name' ? (
        <Box flexDirection="column">
          <Box>
            <Text color="cyan">? </Text>
            <Text bold>Plugin name </Text>
            <Text dimColor>(kebab-case) </Text>
            <TextInput
              value={name}
              onChange={(value) => {
                typed.current = value;
                setName(value);
                setProblem(undefined);
              }}
              onSubmit={submitName}
              placeholder="hover-glow"
            />
          </Box>
          {problem ? <Text color="red">  {problem}</Text> : null}
        </Box>
      ) : (
        <Text>
          <Text color="green">✔ </Text>
          <Text bold>Plugin name </Text>
          <Text>{name}</Text>
        </Text>
      )}
      {step === 'template' ? (
        <Box flexDirection="column">
          <Box>
            <Text color="cyan">? </Text>
            <Text bold>Template </Text>
            <Text dimColor>(arrows to move, Enter to choose)</Text>
          </Box>
          <SelectInput
            items={items}
            itemComponent={TemplateItem}
            onHighlight={(item) => {
              highlighted.current = item.value;
            }}
            onSelect={(item) => finish(highlighted.current ?? item.value, typed.current.trim())}
          />
        </Box>
      ) : null}
      {step === 'done' && chosen ? (
        <Text>
          <Text color="green">✔ </Text>
          <Text bold>Template </Text>
          <Text>{chosen}</Text>
        </Text>
      ) : null}
      {step !== 'done' ? <Text dimColor>Esc to cancel</Text> : null}
    </Box>
  );
}

/**
 * Shows the prompt on the terminal and resolves with the answer, or undefined when the user
 * cancels. Only for a TTY: the caller checks that first.
 */
export async function askNewPlugin(props: Omit<NewPromptProps, 'onSubmit' | 'onCancel'>): Promise<NewPromptAnswer | undefined> {
  let answer: NewPromptAnswer | undefined;
  // exitOnCtrlC off: the prompt turns Ctrl-C into a cancel, so the command can exit with its own code.
  const app = render(
    <NewPrompt
      {...props}
      onSubmit={(value) => {
        answer = value;
        app.unmount();
      }}
      onCancel={() => app.unmount()}
    />,
    { exitOnCtrlC: false },
  );
  await app.waitUntilExit();
  return answer;
}
