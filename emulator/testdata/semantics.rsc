# Exercises the translation of every matcher and action this version implements.
/ip firewall filter
add action=accept chain=input connection-state=established,related
add action=drop chain=input connection-state=invalid
add action=jump chain=forward jump-target=lan-out in-interface=ether2
add action=drop chain=forward connection-state=!established,related in-interface=ether1
add action=reject chain=lan-out dst-address=203.0.113.0/24
add action=accept chain=lan-out protocol=tcp dst-port=80,443,8000-8080
add action=return chain=lan-out
add action=log chain=forward protocol=!tcp src-address=!10.0.0.0/8
add action=passthrough chain=forward dst-address=192.0.2.1-192.0.2.9 disabled=yes
/ip firewall mangle
add action=mark-connection chain=forward new-connection-mark=web protocol=tcp src-port=!1-1023 dst-port=443 out-interface=ether1
add action=mark-packet chain=forward connection-mark=web new-packet-mark=web
add action=mark-packet chain=forward new-packet-mark=other packet-mark=no-mark connection-mark=!web
/queue tree
add max-limit=20M name=down parent=ether2
add limit-at=5M max-limit=20M name=down-web packet-mark=web parent=down priority=2 queue=default-small bucket-size=0.2
add max-limit=10M name=down-rest packet-mark=no-mark,other parent=down
