"""``python -m companion.reader``: write the course reader's two editions (see the package)."""

from companion.reader import main

raise SystemExit(main())
