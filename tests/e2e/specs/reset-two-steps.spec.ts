// A reset where the policy asks for two methods (a second server on the same database), done
// with the keyboard alone: text first, then email, then the new password.
import { expect, test } from '@playwright/test';
import { addPhoneByText, AddMethodDialog, codeSentTo, demoPassword, expectAccessible, signInAs, SignInScreen } from './support';

test.use({ baseURL: process.env.LATCHKEY_TWO_STEP_URL });

const NEW_PASSWORD = 'copper-heron-58-gently';

test('two methods, text then email, by keyboard alone', async ({ page }) => {
  test.skip(!process.env.LATCHKEY_TWO_STEP_URL, 'needs the two-method server that cargo xtask test starts');
  await signInAs(page, 'kai');
  await expect(page.getByText('Add 2 more methods')).toBeVisible();
  await addPhoneByText(page, 'Phone', '425 555 0111', '+14255550111');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Email');
  await page.getByRole('textbox', { name: 'Email' }).fill('kai@example.net');
  await page.getByRole('button', { name: 'Next' }).click();
  const enrolled = await codeSentTo(page, 'kai@example.net');
  await dialog.enterCode(enrolled);
  await page.getByRole('button', { name: 'Done' }).click();
  const textCode = await codeSentTo(page, '+14255550111');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  // From here on, only keys: Enter submits each step, arrows move between options.
  await page.goto('/reset');
  await expect(page.getByText('Your browser has been checked.')).toBeVisible();
  const username = page.getByRole('textbox', { name: 'Username' });
  await username.pressSequentially('kai');
  await username.press('Enter');
  await expect(page.getByText('Verification step 1 of 2')).toBeVisible();
  const text = page.getByRole('radio', { name: 'Text my mobile phone' });
  await expect(text).toBeChecked();
  const number = page.getByRole('textbox', { name: 'Phone number' });
  await number.pressSequentially('4255550111');
  await number.press('Enter');
  const code = page.getByRole('textbox', { name: 'Code' });
  await code.pressSequentially(await codeSentTo(page, '+14255550111', [textCode]));
  await code.press('Enter');

  await expect(page.getByText('Verification step 2 of 2')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Text my mobile phone' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: 'Email my alternate email' })).toBeChecked();
  await expectAccessible(page);
  await page.getByRole('radio', { name: 'Email my alternate email' }).press('Enter');
  await code.pressSequentially(await codeSentTo(page, 'kai@example.net', [enrolled]));
  await code.press('Enter');

  const password = page.getByLabel('New password', { exact: true });
  await password.pressSequentially(NEW_PASSWORD);
  const confirm = page.getByLabel('Confirm new password');
  await confirm.pressSequentially(NEW_PASSWORD);
  await confirm.press('Enter');
  await expect(page.getByText('Your password has been reset')).toBeVisible();

  const signIn = new SignInScreen(page);
  await signIn.open();
  await signIn.signIn('kai', demoPassword);
  await expect(page.getByText(/username or password is incorrect/)).toBeVisible();
  await signIn.password().fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Verify your identity', level: 1 })).toBeVisible();
});
