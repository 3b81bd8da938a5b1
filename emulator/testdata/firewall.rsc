# Every firewall table, action and matcher the embedded router translates.
/interface list
add name=WAN
add name=LAN
add name=ALL include=WAN,LAN
add name=NOTWAN include=all exclude=WAN
/interface list member
add interface=ether1 list=WAN
add interface=ether2 list=LAN
add interface=bridge list=LAN
/ip firewall address-list
add address=198.51.100.0/24 list=servers
add address=203.0.113.5-203.0.113.9 list=servers
add address=192.0.2.7 list=temp timeout=5m
add address=192.0.2.8 list=scanners
add address=192.0.2.99 list=servers disabled=yes
/ip firewall raw
add action=notrack chain=prerouting protocol=udp dst-port=4789 in-interface-list=WAN
add action=drop chain=prerouting src-address-list=scanners
add action=accept chain=output
/ip firewall mangle
add action=mark-routing chain=prerouting new-routing-mark=vpn src-address=192.168.88.64/26 passthrough=yes
add action=change-dscp chain=postrouting new-dscp=46 protocol=udp port=5060,10000-20000 passthrough=no
add action=mark-packet chain=forward new-packet-mark=small packet-size=0-128 dscp=!46 ttl=greater-than:1
add action=log chain=forward log-prefix=SYN protocol=tcp tcp-flags=syn,!ack
add action=passthrough chain=forward routing-mark=vpn
add action=add-src-to-address-list address-list=scanners address-list-timeout=1h chain=prerouting protocol=tcp tcp-flags=fin,psh,urg
add action=mark-packet chain=forward connection-nat-state=dstnat new-packet-mark=forwarded
/ip firewall nat
add action=masquerade chain=srcnat out-interface-list=WAN
add action=src-nat chain=srcnat src-address=10.0.0.0/8 to-addresses=198.51.100.10-198.51.100.20
add action=dst-nat chain=dstnat dst-port=8080 in-interface=ether1 protocol=tcp to-addresses=192.168.88.2 to-ports=80
add action=redirect chain=dstnat dst-port=53 protocol=udp to-ports=5353
add action=jump chain=dstnat jump-target=pf
add action=dst-nat chain=pf protocol=udp dst-port=5000-5010 to-addresses=192.168.88.3
add action=return chain=pf
/ip firewall filter
add action=accept chain=input connection-state=established,related log=yes
add action=reject chain=input protocol=tcp dst-port=22 reject-with=tcp-reset
add action=reject chain=input protocol=udp reject-with=icmp-port-unreachable
add action=reject chain=forward dst-address-list=!servers in-interface-list=NOTWAN out-interface-list=WAN
add action=drop chain=forward src-address-list=temp
add action=drop chain=forward protocol=tcp port=!1-1024
add action=accept chain=input protocol=icmp icmp-options=8:0 limit=10,5:packet
add action=drop chain=input protocol=icmp icmp-options=!0-3
add action=accept chain=forward dst-address-type=!local,broadcast src-address-type=unicast random=50
add action=passthrough chain=forward nth=3,1 limit=1M/1m,100k:bit
/ip firewall mangle
add action=change-mss chain=forward new-mss=clamp-to-pmtu protocol=tcp tcp-flags=syn tcp-mss=1400-65535
add action=change-ttl chain=postrouting new-ttl=set:64 passthrough=no
/ip firewall filter
add action=drop chain=forward ipsec-policy=in,ipsec
add action=fasttrack-connection chain=forward connection-state=established hw-offload=yes
/ip firewall nat
add action=masquerade chain=srcnat ipsec-policy=out,none out-interface=ether1
/ip firewall mangle
add action=mark-connection chain=forward connection-bytes=500000-0 new-connection-mark=heavy
add action=mark-connection chain=forward connection-bytes=!0-10000 new-connection-mark=notsmall
/ip firewall filter
add action=drop chain=forward src-mac-address=!02:AA:bb:00:00:01
add action=drop chain=forward connection-limit=100,24 connection-state=new protocol=tcp
add action=reject chain=input connection-limit=10,32 protocol=tcp reject-with=tcp-reset
