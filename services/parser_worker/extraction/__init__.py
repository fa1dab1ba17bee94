"""Pure PDF -> Extraction library. No settings, no database."""
