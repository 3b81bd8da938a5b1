# Management hardening in the style of the seed guides.
/ip service
disable telnet,ftp,www
set ssh port=2222 address=192.168.88.0/24
set winbox address=192.168.88.0/24
disable api
/user
add name=myadmin password="MyStrong Password" group=full comment="day-to-day admin"
disable admin
set admin password=AdminSecret
/system identity set name=office-gw
/ip firewall filter
add chain=input action=drop in-interface=ether1 comment="drop from WAN"
