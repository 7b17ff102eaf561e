import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
// After Mantine's styles, so its ring replaces their focus outlines.
import './focus.css';
import 'dayjs/locale/fr';
import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  MantineProvider,
  Modal,
  ModalHeader,
  Notification,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { App } from './App';
import { onEvent } from './lib/api';
import { onChanged } from './lib/queries';

/** Light and subtle variants (badges, soft buttons) get the darkest text shade, for contrast. */
const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  if (input.variant === 'light' || input.variant === 'subtle') {
    const parsed = parseThemeColor({
      color: input.color ?? input.theme.primaryColor,
      theme: input.theme,
    });
    if (parsed.isThemeColor && parsed.shade === undefined) {
      const darkest = input.theme.colors[parsed.color]?.[9];
      if (darkest) return { ...defaults, color: darken(darkest, 0.25) };
    }
  }
  return defaults;
};

const theme = createTheme({
  variantColorResolver,
  primaryColor: 'indigo',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif',
  defaultRadius: 'md',
  // Darker shades than Mantine's defaults so text and buttons meet WCAG AA contrast.
  primaryShade: 8,
  components: {
    // Every dialog's and message's ✕ gets a name screen readers can say.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Fermer' } } }),
    // A dialog's title bar is a <header>: without this it reads as a second banner landmark
    // beside the app bar's (axe: landmark-no-duplicate-banner, landmark-unique).
    ModalHeader: ModalHeader.extend({ defaultProps: { role: 'none' } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Fermer le message' } },
      // Under a title Mantine greys the message (gray.6, 3.3:1 on white: axe color-contrast);
      // the app's dimmed tone (gray.7) keeps it secondary and readable.
      styles: (_theme, props) =>
        props.title ? { description: { color: 'var(--mantine-color-dimmed)' } } : {},
    }),
  },
});

const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Field errors in small inputs (xs text) need a darker red than red.6 for AA contrast.
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 5_000 } },
});

// Data changed (here or elsewhere: another window, an import): refresh what is shown and
// read what changed (lib/queries.ts).
onEvent((event) => {
  if (event.type === 'changed') onChanged(queryClient, event);
  if (event.type === 'notice') {
    notifications.show({
      color: event.level === 'error' ? 'red' : 'orange',
      title: 'Pilote CPO',
      message: event.message,
      autoClose: event.level === 'error' ? false : 15_000,
    });
  }
});

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider settings={{ locale: 'fr', firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>
          <Notifications position="top-right" />
          <Router hook={useHashLocation}>
            <App />
          </Router>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
