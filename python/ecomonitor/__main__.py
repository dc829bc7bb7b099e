from ecomonitor.cli.main import main

raise SystemExit(main())
