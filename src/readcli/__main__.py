from readcli.cli import main

main()
