# Global queue trees, simple queues and queue types.
/queue type
add kind=pfifo name=p100 pfifo-limit=100
add kind=bfifo name=b30k bfifo-limit=30000
add kind=sfq name=mysfq sfq-perturb=10
add kind=fq-codel name=fqc fq-codel-ecn=no fq-codel-limit=1000
/ip firewall mangle
add action=mark-packet chain=forward new-packet-mark=voip protocol=udp dst-port=10000-20000 passthrough=no
add action=mark-packet chain=forward new-packet-mark=bulk passthrough=no
/queue simple
add name=office target=192.168.88.0/24 max-limit=10M/40M
add name=boss parent=office target=192.168.88.10 limit-at=2M/8M max-limit=10M/40M priority=1/1 queue=p100/p100
add name=staff parent=office target=192.168.88.64/26,192.168.88.128/26 limit-at=1M/4M max-limit=8M/30M queue=default/b30k
add name=wan-port target=ether1 dst=203.0.113.0/24 max-limit=5M packet-marks=bulk
/queue tree
add name=g-total parent=global max-limit=50M
add name=g-voip parent=g-total packet-mark=voip limit-at=2M max-limit=50M priority=1 queue=mysfq
add name=g-bulk parent=g-total packet-mark=bulk,no-mark max-limit=40M queue=fqc
add name=e1 parent=ether1 max-limit=9M
add name=e1-bulk parent=e1 packet-mark=bulk max-limit=9M queue=b30k
add name=e1-rest parent=e1 packet-mark=no-mark max-limit=9M
