/* Filled by its issue's work; loaded on every page. */
