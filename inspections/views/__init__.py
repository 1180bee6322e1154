"""Pages of site visits: lists, the day plan, the report form, the file's visit panel, workload."""
