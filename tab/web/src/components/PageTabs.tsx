/**
 * The shell's page tabs on one line at any width. A Teams tab is often narrower than the browser window
 * (the app bar, a chat pane beside it, a laptop screen): the tabs that do not fit move into a "More"
 * menu at the end, the page on screen stays visible, instead of the list wrapping onto two or three
 * lines of a sticky header that then covers a sixth of the page.
 */
import type { ReactElement } from 'react';
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Overflow,
  OverflowItem,
  Tab,
  TabList,
  makeStyles,
  tabClassNames,
  useIsOverflowItemVisible,
  useOverflowMenu,
} from '@fluentui/react-components';
import { MoreHorizontalRegular } from '@fluentui/react-icons';

export interface PageTab<Id extends string> {
  id: Id;
  label: string;
  icon: ReactElement;
}

const useStyles = makeStyles({
  tabs: {
    width: '100%',
    flexWrap: 'nowrap',
    minWidth: 0,
    overflow: 'hidden',
    // Below a wide window the page names alone: eleven icons are the width of three more tabs.
    '@media (max-width: 1400px)': { [`& .${tabClassNames.icon}`]: { display: 'none' } },
  },
  more: { alignSelf: 'center', flexShrink: 0 },
});

export function PageTabs<Id extends string>({ pages, selected, onSelect, className }: { pages: readonly PageTab<Id>[]; selected: Id; onSelect: (id: Id) => void; className?: string }) {
  const styles = useStyles();
  return (
    // The list fills its box (the caller sizes the box); the page on screen is the last to move into the menu.
    <div className={className}>
      <Overflow minimumVisible={1}>
        <TabList className={styles.tabs} selectedValue={selected} onTabSelect={(_e, d) => onSelect(d.value as Id)}>
        {pages.map((p) => (
          <OverflowItem key={p.id} id={p.id} priority={p.id === selected ? 2 : 1}>
            <Tab value={p.id} icon={p.icon} data-testid={`nav-${p.id}`}>
              {p.label}
            </Tab>
          </OverflowItem>
        ))}
        <MorePages pages={pages} onSelect={onSelect} className={styles.more} />
        </TabList>
      </Overflow>
    </div>
  );
}

/** The "More" button and menu: only the pages whose tabs did not fit. */
function MorePages<Id extends string>({ pages, onSelect, className }: { pages: readonly PageTab<Id>[]; onSelect: (id: Id) => void; className: string }) {
  const { ref, isOverflowing, overflowCount } = useOverflowMenu<HTMLButtonElement>();
  if (!isOverflowing) return null;
  return (
    <Menu hasIcons>
      <MenuTrigger disableButtonEnhancement>
        {/* role="tab": a tab list's arrow keys reach it, and screen readers count it with the tabs. */}
        <Button ref={ref} appearance="transparent" className={className} icon={<MoreHorizontalRegular />} role="tab" aria-label={`${overflowCount} more pages`} data-testid="nav-more">
          More
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {pages.map((p) => (
            <HiddenPage key={p.id} page={p} onSelect={onSelect} />
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

function HiddenPage<Id extends string>({ page, onSelect }: { page: PageTab<Id>; onSelect: (id: Id) => void }) {
  const visible = useIsOverflowItemVisible(page.id);
  if (visible) return null;
  return (
    <MenuItem icon={page.icon} onClick={() => onSelect(page.id)} data-testid={`nav-more-${page.id}`}>
      {page.label}
    </MenuItem>
  );
}
