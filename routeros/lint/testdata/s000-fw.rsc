# --- Firewall Configuration ---

# 1. Set default firewall policy to deny all incoming and forwarding traffic
/ip firewall filter
add chain=input action=drop comment="Default deny input chain"
add chain=forward action=drop comment="Default deny forward chain"

# 2. Allow established and related connections (essential for return traffic)
add chain=input action=accept connection-state=established,related comment="Allow established/related input"
add chain=forward action=accept connection-state=established,related comment="Allow established/related forward"

# 3. Allow DNS resolution from LAN to WAN (UDP port 53)
add chain=forward action=accept protocol=udp dst-port=53 in-interface=ether2 out-interface=ether1 comment="Allow DNS forward from LAN to WAN"

# 4. Allow DHCP client on WAN interface (if applicable) - already implicitly allowed by established/related if initiated from router
# If Router itself is DHCP Client on WAN, no explicit rule needed here as return traffic will be 'established/related'

# 5. Allow ICMP (ping) from LAN to WAN for basic troubleshooting
add chain=forward action=accept protocol=icmp in-interface=ether2 out-interface=ether1 comment="Allow ICMP forward from LAN to WAN"

# 6. Allow access to the Router from LAN (for management - SSH, Winbox, Webfig - adjust ports as needed)
add chain=input action=accept src-address=192.168.88.0/24 in-interface=ether2 comment="Allow LAN access to router management"
add chain=input action=accept protocol=tcp dst-port=22 src-address=192.168.88.0/24 in-interface=ether2 comment="Allow SSH from LAN"
add chain=input action=accept protocol=tcp dst-port=8291 src-address=192.168.88.0/24 in-interface=ether2 comment="Allow Winbox from LAN"
add chain=input action=accept protocol=tcp dst-port=80,443 src-address=192.168.88.0/24 in-interface=ether2 comment="Allow Webfig/HTTPS from LAN"

# 7. Block invalid connections to protect against certain attacks
add chain=input action=drop connection-state=invalid comment="Drop invalid input connections"
add chain=forward action=drop connection-state=invalid comment="Drop invalid forward connections"

# 8. Log dropped packets for monitoring and debugging (optional but recommended for troubleshooting)
add chain=input action=log log-prefix="FW-INPUT-DROP" comment="Log dropped input packets"
add chain=input action=drop comment="Default deny input chain - DROP (after logging)"
add chain=forward action=log log-prefix="FW-FORWARD-DROP" comment="Log dropped forward packets"
add chain=forward action=drop comment="Default deny forward chain - DROP (after logging)"

# --- NAT Configuration (Network Address Translation) ---
# Enable masquerade for outbound traffic from LAN to WAN (Internet access)
/ip firewall nat
add chain=srcnat action=masquerade out-interface=ether1 src-address=192.168.88.0/24 comment="Masquerade LAN to WAN"
```
