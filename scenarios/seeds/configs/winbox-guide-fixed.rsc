# Corrected version of winbox-guide.rsc (seed guide "WinBox Management (v6.x, SOHO)").
# What changed, and why:
# - The guide restricts WinBox to the LAN ("Restricting is crucial for security") but leaves
#   every other service as the router ships it: telnet, FTP, the web interface, SSH and the
#   API answered from the internet. Unused services are disabled and the rest restricted
#   to the LAN subnet like WinBox.
# - Service restrictions alone still let the internet reach the router's own ports and
#   anything else it runs. An input chain accepts replies and the LAN and drops the rest;
#   the forward chain drops new connections from the WAN, which the guide's router (no
#   firewall at all) forwarded to any LAN host a WAN neighbour addressed.
# - "/system backup save" only writes a file on the router; it is left out.
/system identity set name=SOHO-Router

/ip service
set winbox port=8291 address=192.168.88.0/24
set ssh address=192.168.88.0/24
set www-ssl address=192.168.88.0/24
set telnet disabled=yes
set ftp disabled=yes
set www disabled=yes
set api disabled=yes
set api-ssl disabled=yes

/ip firewall filter
add chain=input action=accept connection-state=established,related comment="Accept replies"
add chain=input action=drop connection-state=invalid comment="Drop invalid"
add chain=input action=accept in-interface=ether2 src-address=192.168.88.0/24 comment="Accept the LAN"
add chain=input action=drop comment="Drop everything else to the router"
add chain=forward action=accept connection-state=established,related comment="Accept replies"
add chain=forward action=drop connection-state=invalid comment="Drop invalid"
add chain=forward action=drop connection-state=new connection-nat-state=!dstnat in-interface=ether1 comment="Drop new connections from the WAN"

/user add name=admin-soho password="YourStrongPassword" group=full
/user disable admin
