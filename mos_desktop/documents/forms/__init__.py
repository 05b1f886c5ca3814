"""One module per form: its data (a frozen dataclass the assembly fills) and its layout (data → blocks)."""
