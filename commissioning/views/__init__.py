"""The site's own screens, criteria and round set-up, by area."""
