//! Where phones can reach the laptop: the network choices offered to the
//! facilitator (each interface's IPv4 address, this computer only, all
//! interfaces), and which of them is the main LAN address.

use opex_service::views::phone::NetworkChoiceDto;
use std::net::{IpAddr, Ipv4Addr, UdpSocket};

/// What kind of network an interface's name says it is, for the label; the
/// virtual ones (containers, bridges) come last.
fn kind(name: &str) -> (&'static str, u8) {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p));
    if starts(&["wl", "wlan", "ath", "ra"]) {
        ("Wi-Fi", 0)
    } else if starts(&["en", "eth", "em"]) {
        ("Ethernet", 0)
    } else if starts(&[
        "tun",
        "tap",
        "wg",
        "ppp",
        "vpn",
        "utun",
        "ipsec",
        "tailscale",
        "zt",
    ]) {
        ("VPN", 1)
    } else if starts(&[
        "docker", "br-", "veth", "virbr", "lxc", "lxd", "podman", "cni", "flannel", "vmnet",
        "vboxnet",
    ]) {
        ("virtual network", 2)
    } else {
        ("network", 1)
    }
}

/// The address this laptop sends from on its default route: its main LAN
/// address. A UDP socket "connected" to a documentation address sends
/// nothing; it only makes the kernel choose the route.
pub fn main_address() -> Option<Ipv4Addr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    match socket.local_addr().ok()?.ip() {
        IpAddr::V4(ip) if !ip.is_unspecified() && !ip.is_loopback() => Some(ip),
        _ => None,
    }
}

pub const LOOPBACK_WARNING: &str = "Phones cannot reach this address: only a browser on this laptop can. For trying phone voting out.";
pub const ALL_WARNING: &str = "Listens on every network this laptop is on, including any you do not trust. The link's secret token still guards it, but pick one network if you can.";

/// The choices, the main LAN address first and chosen; then the other
/// interfaces; then this computer only, and all interfaces.
pub fn choices() -> Vec<NetworkChoiceDto> {
    let main = main_address();
    let mut found: Vec<(u8, String, Ipv4Addr)> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| match i.ip() {
            IpAddr::V4(ip) if !ip.is_loopback() && !ip.is_link_local() => Some((i.name, ip)),
            _ => None,
        })
        .map(|(name, ip)| {
            let (what, order) = kind(&name);
            let order = if Some(ip) == main { 0 } else { order + 1 };
            (order, format!("{what} ({name}) · {ip}"), ip)
        })
        .collect();
    found.sort();
    found.dedup_by(|a, b| a.2 == b.2);
    let default = main.or_else(|| found.first().map(|f| f.2));
    let mut out: Vec<NetworkChoiceDto> = found
        .into_iter()
        .map(|(_, label, ip)| NetworkChoiceDto {
            address: ip.to_string(),
            label,
            default: Some(ip) == default,
            warning: None,
        })
        .collect();
    out.push(NetworkChoiceDto {
        address: Ipv4Addr::LOCALHOST.to_string(),
        label: format!("This computer only · {}", Ipv4Addr::LOCALHOST),
        default: default.is_none(),
        warning: Some(LOOPBACK_WARNING.into()),
    });
    out.push(NetworkChoiceDto {
        address: Ipv4Addr::UNSPECIFIED.to_string(),
        label: "All interfaces · 0.0.0.0".into(),
        default: false,
        warning: Some(ALL_WARNING.into()),
    });
    out
}

/// The host a link names for a server bound to `bound`: the address itself,
/// or for all interfaces the main LAN address.
pub fn link_host(bound: IpAddr) -> IpAddr {
    match bound {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            main_address().map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V4)
        }
        ip => ip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_choice_is_the_default_and_the_last_two_warn() {
        let c = choices();
        assert!(c.len() >= 2);
        assert_eq!(c.iter().filter(|c| c.default).count(), 1, "{c:?}");
        let n = c.len();
        assert_eq!(c[n - 2].address, "127.0.0.1");
        assert_eq!(c[n - 1].address, "0.0.0.0");
        assert!(c[n - 2].warning.is_some() && c[n - 1].warning.is_some());
        assert!(c[..n - 2].iter().all(|c| c.warning.is_none()));
        if let Some(main) = main_address() {
            assert_eq!(c[0].address, main.to_string());
            assert!(c[0].default);
        }
    }

    #[test]
    fn names_say_what_a_network_is() {
        assert_eq!(kind("wlp2s0").0, "Wi-Fi");
        assert_eq!(kind("enp0s31f6").0, "Ethernet");
        assert_eq!(kind("eth0").0, "Ethernet");
        assert_eq!(kind("wg0").0, "VPN");
        assert_eq!(kind("tun0").0, "VPN");
        assert_eq!(kind("docker0").0, "virtual network");
        assert_eq!(kind("br-1a2b").0, "virtual network");
    }
}
