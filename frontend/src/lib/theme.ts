/**
 * themeContrast says whether the story's `theme` turns the high-contrast look
 * on when the story loads ("high-contrast"; "dark" is the stage's own look).
 * Null: the theme says nothing, the screen keeps its own H choice.
 */
export function themeContrast(theme: string | undefined | null): boolean | null {
  if (theme === 'high-contrast') return true;
  if (theme === 'dark') return false;
  return null;
}
