import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import Tabs from './Tabs.svelte';

const TABS = [
  { id: 'send', label: 'Gửi lô' },
  { id: 'returns', label: 'Kết quả kiểm tra' },
  { id: 'device', label: 'Khóa thiết bị' },
] as const;

function renderTabs(selected: (typeof TABS)[number]['id'] = 'send') {
  const user = userEvent.setup();
  const lead = createRawSnippet(() => ({ render: () => '<h1>Lô chuyển giao</h1>' }));
  const children = createRawSnippet(() => ({ render: () => '<p>nội dung</p>' }));
  render(Tabs, { props: { tabs: TABS, selected, label: 'Lô chuyển giao', testid: 'batch', lead, children } });
  return { user };
}

const tab = (name: string) => screen.getByRole('tab', { name });
const selectedTab = () => screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true');

describe('Tabs', () => {
  it('is a named tab list whose selected tab labels the one panel below it', () => {
    renderTabs('returns');
    expect(screen.getByRole('tablist', { name: 'Lô chuyển giao' })).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((t) => t.textContent?.trim())).toEqual(['Gửi lô', 'Kết quả kiểm tra', 'Khóa thiết bị']);
    expect(selectedTab()).toBe(tab('Kết quả kiểm tra'));
    const panel = screen.getByRole('tabpanel', { name: 'Kết quả kiểm tra' });
    expect(panel).toHaveTextContent('nội dung');
    expect(tab('Kết quả kiểm tra')).toHaveAttribute('aria-controls', panel.id);
    expect(screen.getByRole('heading', { name: 'Lô chuyển giao' })).toBeInTheDocument();
  });

  it('marks each tab for the end-to-end tests as {testid}-tab-{id}', () => {
    renderTabs();
    expect(screen.getByTestId('batch-tab-send')).toBe(tab('Gửi lô'));
    expect(screen.getByTestId('batch-tab-device')).toBe(tab('Khóa thiết bị'));
  });

  it('opens a tab that is clicked', async () => {
    const { user } = renderTabs();
    await user.click(tab('Khóa thiết bị'));
    expect(selectedTab()).toBe(tab('Khóa thiết bị'));
    expect(screen.getByRole('tabpanel', { name: 'Khóa thiết bị' })).toBeInTheDocument();
  });

  it('is one stop in the Tab order: the selected tab', async () => {
    const { user } = renderTabs('returns');
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, 0, -1]);
    await user.tab();
    expect(tab('Kết quả kiểm tra')).toHaveFocus();
  });

  it('moves to the next and previous tab with the arrow keys, wrapping around, and opens it', async () => {
    const { user } = renderTabs();
    await user.tab();
    await user.keyboard('{ArrowRight}');
    expect(tab('Kết quả kiểm tra')).toHaveFocus();
    expect(selectedTab()).toBe(tab('Kết quả kiểm tra'));
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(tab('Gửi lô')).toHaveFocus();
    expect(selectedTab()).toBe(tab('Gửi lô'));
    await user.keyboard('{ArrowLeft}');
    expect(tab('Khóa thiết bị')).toHaveFocus();
    expect(screen.getByRole('tabpanel', { name: 'Khóa thiết bị' })).toBeInTheDocument();
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, -1, 0]);
  });

  it('goes to the first tab with Home and the last with End', async () => {
    const { user } = renderTabs('returns');
    await user.tab();
    await user.keyboard('{End}');
    expect(tab('Khóa thiết bị')).toHaveFocus();
    expect(selectedTab()).toBe(tab('Khóa thiết bị'));
    await user.keyboard('{Home}');
    expect(tab('Gửi lô')).toHaveFocus();
    expect(selectedTab()).toBe(tab('Gửi lô'));
  });

  it('leaves other keys, and arrows with Ctrl or Alt, to the rest of the screen', async () => {
    const { user } = renderTabs();
    await user.tab();
    await user.keyboard('{ArrowDown}{Control>}{ArrowRight}{/Control}{Alt>}{ArrowRight}{/Alt}');
    expect(tab('Gửi lô')).toHaveFocus();
    expect(selectedTab()).toBe(tab('Gửi lô'));
  });
});
