# --- Firewall Configuration ---
/ip firewall filter
# Default forward chain policy is ACCEPT for SOHO - safer to start permissive and tighten.
set [find default-forward=yes] action=accept comment="Default accept forward (SOHO)"

# 1. Drop invalid connections (Input and Forward chains) - First rule for security
add chain=input connection-state=invalid action=drop comment="Drop invalid connections (Input)"
add chain=forward connection-state=invalid action=drop comment="Drop invalid connections (Forward)"

# 2. Allow established and related connections (Input and Forward chains) - Essential for allowing replies and related traffic
add chain=input connection-state=established,related action=accept comment="Allow established/related (Input)"
add chain=forward connection-state=established,related action=accept comment="Allow established/related (Forward)"

# 3. Allow Input from LAN network (Input chain) - Allow access to router from trusted LAN
add chain=input src-address=192.168.88.0/24 in-interface=ether2-master-local action=accept comment="Allow LAN Input"
add chain=input src-address=192.168.88.0/24 in-interface=wlan1 action=accept comment="Allow WiFi Input"

# 4. Allow ICMP (ping) from WAN for monitoring (optional, for troubleshooting - consider security implications)
# add chain=input protocol=icmp in-interface=ether1-gateway action=accept comment="Allow ICMP from WAN"

# 5. Drop all other Input traffic (Input chain) - Default deny for input chain - Router security
add chain=input action=drop comment="Drop all other Input"

# 6. Allow forwarding to the internet (Forward chain) - Already covered by default forward accept in SOHO, but explicit for clarity if needed in more restrictive setups.
# add chain=forward out-interface=ether1-gateway action=accept comment="Allow forward to WAN"

# 7. Drop all other Forward traffic (Forward chain) - Default deny for forward chain in more secure setups. For SOHO, default accept is often sufficient.
# add chain=forward action=drop comment="Drop all other Forward"

# --- QoS (Queue Tree) Configuration ---
/queue tree
# 1. Create a global queue for the WAN interface (outbound)
add name=WAN-Outbound parent=ether1-gateway limit-at=0 max-limit=10M comment="WAN Outbound Queue - Total Bandwidth" # Replace 10M with your actual WAN upload speed

# 2. Create a queue for High Priority Traffic (e.g., VoIP, Video conferencing)
add name=High-Priority parent=WAN-Outbound packet-marks=high-priority priority=1 limit-at=0 max-limit=5M comment="High Priority Traffic Queue - VoIP/Video" # Allocate bandwidth for high priority

# 3. Create a queue for Normal Priority Traffic (e.g., Web browsing, Email)
add name=Normal-Priority parent=WAN-Outbound packet-marks=normal-priority priority=3 limit-at=0 max-limit=7M comment="Normal Priority Traffic Queue - Web/Email" # Allocate bandwidth for normal traffic

# 4. Create a queue for Low Priority Traffic (e.g., Downloads, Background tasks)
add name=Low-Priority parent=WAN-Outbound packet-marks=low-priority priority=7 limit-at=0 max-limit=3M comment="Low Priority Traffic Queue - Downloads" # Allocate bandwidth for low priority

# --- Mangle Rules for Packet Marking (QoS) ---
/ip firewall mangle
# 1. Mark VoIP/Video traffic for High Priority (Example: SIP protocol and RTP ports)
add chain=forward protocol=udp dst-port=5060,5061 action=mark-packet new-packet-mark=high-priority comment="Mark VoIP SIP for High Priority"
add chain=forward protocol=udp dst-port=10000-20000 action=mark-packet new-packet-mark=high-priority comment="Mark VoIP RTP for High Priority"

# 2. Mark normal web browsing (HTTP/HTTPS) as Normal Priority
add chain=forward protocol=tcp dst-port=80,443 action=mark-packet new-packet-mark=normal-priority comment="Mark Web Browsing (HTTP/HTTPS) as Normal"

# 3. Mark all other traffic as Low Priority (Default - Catch-all)
add chain=forward action=mark-packet new-packet-mark=low-priority comment="Mark all other traffic as Low Priority (Default)"

# --- Print Firewall and Queue Tree Configuration to Verify ---
/ip firewall filter print
/queue tree print
/ip firewall mangle print
