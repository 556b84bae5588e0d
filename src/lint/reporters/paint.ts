/** Colours a reporter may use; the CLI passes chalk's when colour is on, these plain ones otherwise. */
export interface ReportPaint {
  error(text: string): string;
  warning(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
}

const same = (text: string) => text;
export const plainPaint: ReportPaint = { error: same, warning: same, dim: same, bold: same, underline: same };

export interface ReportOptions {
  paint?: ReportPaint;
}
