"""stance: where do these articles stand on the recurring questions of a debate?"""

from __future__ import annotations

__version__ = "0.1.0"
