/ip service disable telnet
/ip service disable ftp
/ip service disable api
/ip service disable api-ssl
/ip service set ssh port=2222
/system package update check
/user add name=myadmin password=MyStrongPassword group=full
/user disable admin
