// Any URL no route claims: the app's own 404 page (rendered by the root error boundary).
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
