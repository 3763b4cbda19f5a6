import { createContext, ReactNode, useContext, useMemo, useState } from 'react';

/** How many waiver requests this page has made, and how to count one more. */
interface WaiverChanges {
  version: number;
  changed: () => void;
}

const WaiverChangesContext = createContext<WaiverChanges>({
  version: 0,
  changed: () => {},
});

/**
 * Ties the findings' "Request a waiver" to the waiver list on the same page,
 * which lives in another card: a request made in one reloads the other.
 */
export const WaiverChangesProvider = ({
  children,
}: {
  children: ReactNode;
}) => {
  const [version, setVersion] = useState(0);
  const value = useMemo(
    () => ({ version, changed: () => setVersion(v => v + 1) }),
    [version],
  );
  return (
    <WaiverChangesContext.Provider value={value}>
      {children}
    </WaiverChangesContext.Provider>
  );
};

/** The page's waiver changes; a no-op outside a {@link WaiverChangesProvider}. */
export function useWaiverChanges(): WaiverChanges {
  return useContext(WaiverChangesContext);
}
