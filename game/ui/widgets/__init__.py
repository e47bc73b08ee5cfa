"""Custom-drawn widgets: each caches what it draws and redraws only when its content changes."""
