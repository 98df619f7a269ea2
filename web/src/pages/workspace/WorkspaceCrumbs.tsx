/** The breadcrumb above a workspace's sub-pages: back to the workspaces and to this workspace. */
import { Link } from 'react-router';

/** Links to the workspaces list and to the workspace named `name`. */
export function WorkspaceCrumbs({ workspaceId, name }: { workspaceId: string; name: string }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <Link to="/">Workspaces</Link> / <Link to={`/workspaces/${workspaceId}`}>{name}</Link>
    </nav>
  );
}
