// A WAI-ARIA tablist: the tabs are buttons with role="tab"; only the selected one is in the Tab
// order (roving tabindex), the arrow keys, Home and End move between tabs and select them, and
// each panel is shown only while its tab is selected.

/**
 * @param {HTMLElement} tablist the element with role="tablist"
 * @param {(panelId: string) => void} onSelect told each time a tab is selected
 */
export function initTabs(tablist, onSelect = () => {}) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];

  function select(tab, { focus = false } = {}) {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    onSelect(tab.getAttribute('aria-controls'));
  }

  tablist.addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) select(tab);
  });

  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = {
      ArrowRight: tabs[(index + 1) % tabs.length],
      ArrowLeft: tabs[(index - 1 + tabs.length) % tabs.length],
      Home: tabs[0],
      End: tabs[tabs.length - 1],
    }[event.key];
    if (!next) return;
    event.preventDefault();
    select(next, { focus: true });
  });

  select(tabs.find((tab) => tab.getAttribute('aria-selected') === 'true') ?? tabs[0]);

  return {
    /** Selects the tab of a panel, e.g. after "generate with this LoRA". */
    show: (panelId) => select(tabs.find((tab) => tab.getAttribute('aria-controls') === panelId), { focus: true }),
  };
}
