"""python -m clauselint"""

from .cli import main

main()
