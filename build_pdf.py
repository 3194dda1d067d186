"""Build the leaflet: `python build_pdf.py [CONTENT] [-o OUT.pdf] [--no-marks]`.

With no arguments it reads content.yaml and writes build/leaflet.pdf. Same as `brochure build`.
"""

import sys

from brochure.__main__ import build_main

if __name__ == "__main__":
    sys.exit(build_main())
