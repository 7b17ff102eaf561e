import { Route, Switch } from 'wouter';
import { Layout } from './components/Layout';
import { UserGate } from './components/UserGate';
import { AboutPage } from './pages/AboutPage';
import { AccountsPage } from './pages/AccountsPage';
import { BackupsPage, DamageGate } from './pages/BackupsPage';
import { ConventionPage } from './pages/ConventionPage';
import { HomePage } from './pages/HomePage';
import { NewConventionPage } from './pages/NewConventionPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PersonPage } from './pages/PersonPage';

export function App() {
  return (
    <DamageGate>
      <UserGate>
        <Layout>
          <Switch>
            <Route path="/" component={HomePage} />
            <Route path="/conventions/nouvelle" component={NewConventionPage} />
            {/* Before the section route, which would otherwise read "personnes" as a section. */}
            <Route path="/conventions/:id/personnes/:personId">
              {(params) => (
                <PersonPage
                  key={params.personId}
                  conventionId={Number(params.id)}
                  personId={Number(params.personId)}
                />
              )}
            </Route>
            {/* A document's « Voir l'historique »: the log of what it printed, before it. */}
            <Route path="/conventions/:id/historique/document/:reportId">
              {(params) => (
                <ConventionPage
                  id={Number(params.id)}
                  tab="historique"
                  reportId={Number(params.reportId)}
                />
              )}
            </Route>
            {/* No section: the convention opens on its dashboard (« Tableau de bord »). */}
            <Route path="/conventions/:id/:section?">
              {(params) => <ConventionPage id={Number(params.id)} tab={params.section} />}
            </Route>
            <Route path="/a-propos" component={AboutPage} />
            <Route path="/sauvegardes" component={BackupsPage} />
            <Route path="/comptes" component={AccountsPage} />
            <Route component={NotFoundPage} />
          </Switch>
        </Layout>
      </UserGate>
    </DamageGate>
  );
}
