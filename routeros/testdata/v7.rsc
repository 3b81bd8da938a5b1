# 2024-06-06 15:22:31 by RouterOS 7.14.2
# software id = 
#
/interface bridge
add admin-mac=48:A9:8A:01:02:03 auto-mac=no comment=defconf name=bridge
/interface ethernet
set [ find default-name=ether1 ] comment=WAN
/interface list
add comment=defconf name=WAN
add comment=defconf name=LAN
/ip pool
add name=dhcp ranges=192.168.88.10-192.168.88.254
/ip dhcp-server
add address-pool=dhcp interface=bridge name=defconf
/queue type
add fq-codel-ecn=yes kind=fq-codel name=fq-codel-ecn
/queue tree
add bucket-size=0.05 max-limit=95M name=wan-up parent=ether1
add comment="Voice: SIP + RTP" limit-at=5M max-limit=95M name=voip \
    packet-mark=voip parent=wan-up priority=1 queue=default-small
add limit-at=30M max-limit=95M name=interactive packet-mark=web,dns parent=\
    wan-up priority=3 queue=fq-codel-ecn
add max-limit=95M name=default packet-mark=no-mark parent=wan-up queue=\
    fq-codel-ecn
/queue simple
add max-limit=5M/20M name=guests target=192.168.89.0/24
/interface bridge port
add bridge=bridge comment=defconf interface=ether2
/interface list member
add comment=defconf interface=bridge list=LAN
add comment=defconf interface=ether1 list=WAN
/ip address
add address=192.168.88.1/24 comment=defconf interface=bridge network=\
    192.168.88.0
/ip dhcp-client
add comment=defconf interface=ether1
/ip dns
set allow-remote-requests=yes
/ip dns static
add address=192.168.88.1 comment=defconf name=router.lan
/ip firewall filter
add action=accept chain=input comment=\
    "defconf: accept established,related,untracked" connection-state=\
    established,related,untracked
add action=drop chain=input comment="defconf: drop invalid" connection-state=\
    invalid
add action=accept chain=input comment="defconf: accept ICMP" protocol=icmp
add action=accept chain=input comment=\
    "defconf: accept to local loopback (for CAPsMAN)" dst-address=127.0.0.1
add action=drop chain=input comment="defconf: drop all not coming from LAN" \
    in-interface-list=!LAN
add action=accept chain=forward comment="VoIP: keep off the fast path" \
    connection-mark=voip-conn
add action=fasttrack-connection chain=forward comment="defconf: fasttrack" \
    connection-state=established,related hw-offload=yes
add action=accept chain=forward comment=\
    "defconf: accept established,related, untracked" connection-state=\
    established,related,untracked
add action=drop chain=forward comment="defconf: drop invalid" \
    connection-state=invalid
add action=jump chain=forward jump-target=wan-in in-interface=ether1
add action=drop chain=wan-in comment="defconf: drop all from WAN not DSTNATed" \
    connection-nat-state=!dstnat connection-state=new
add action=return chain=wan-in
/ip firewall layer7-protocol
add name=video regexp="^.+(youtube.com|googlevideo.com|youtu\
    \\.be|netflix.com).*\$"
/ip firewall mangle
add action=mark-connection chain=prerouting comment="VoIP: SIP" \
    connection-mark=no-mark dst-port=5060-5061 new-connection-mark=voip-conn \
    protocol=udp
add action=mark-connection chain=prerouting comment="VoIP: RTP" \
    connection-mark=no-mark dst-port=10000-20000 new-connection-mark=\
    voip-conn protocol=udp
add action=mark-packet chain=forward connection-mark=voip-conn \
    new-packet-mark=voip passthrough=no
add action=mark-packet chain=forward dst-port=53 new-packet-mark=dns \
    passthrough=no protocol=udp
add action=mark-connection chain=prerouting connection-mark=no-mark \
    connection-state=new dst-port=80,443 new-connection-mark=web-conn \
    protocol=tcp
add action=mark-packet chain=forward connection-mark=web-conn \
    new-packet-mark=web passthrough=no
add action=change-dscp chain=postrouting new-dscp=46 packet-mark=voip
/ip firewall nat
add action=masquerade chain=srcnat comment="defconf: masquerade" \
    ipsec-policy=out,none out-interface-list=WAN
/ip route
add disabled=no dst-address=0.0.0.0/0 gateway=203.0.113.1
/ipv6 firewall filter
add action=accept chain=input comment=\
    "defconf: accept established,related,untracked" connection-state=\
    established,related,untracked
/system clock
set time-zone-name=Europe/Berlin
/system note
set show-at-login=no
/tool mac-server
set allowed-interface-list=LAN
/tool mac-server mac-winbox
set allowed-interface-list=LAN
