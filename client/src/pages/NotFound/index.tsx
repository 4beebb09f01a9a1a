export function NotFound() {
  return (
    <div class="empty">
      <p class="empty__title">Page not found</p>
      <p>
        The page you were looking for does not exist. <a href="/">Go home</a>.
      </p>
    </div>
  );
}
