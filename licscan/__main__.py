from licscan.cli import main

main()
