namespace NanoTcp.Http
{
    /// <summary>
    /// The device's one status page: a small HTML document whose script fetches
    /// /status.json once a second and redraws the device, interface, memory, counter, ARP and
    /// TCP tables. Every host serves this same page (boards, nanotcp serve, the TAP runner):
    /// Device.DeviceStack registers it. The page is a string constant sent in pieces
    /// (AsciiTextBody): on the nanoCLR it stays in flash, so its 3 KB cost no heap.
    /// </summary>
    public static class StatusPage
    {
        public const string HtmlPath = "/";
        public const string JsonPath = "/status.json";

        /// <summary>Routes GET / (the page) and GET /status.json (the data) on the server.</summary>
        public static void Register(HttpServer server, IStatusSource source)
        {
            server.Route("GET", HtmlPath, new AsciiTextBody(Text, HttpContentType.Html, "no-cache"));
            server.Route("GET", JsonPath, new StatusJsonHandler(source));
        }

        private const string Text =
"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>NanoTcp device</title>\n" +
"<meta name=\"viewport\" content=\"width=device-width\">\n<style>\n" +
"body{font:14px system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}\n" +
"h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.2em 0 .4em}\n" +
"table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}\n" +
"th{background:#eef}td.n{text-align:right;font-family:monospace}#err{color:#b00}\n" +
".cols{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}\n" +
"</style></head><body>\n" +
"<h1 id=\"title\">NanoTcp device</h1><div id=\"sub\">loading /status.json ...</div><div id=\"err\"></div>\n" +
"<h2>TCP connections</h2><table id=\"tcp\"></table>\n" +
"<div class=\"cols\"><div><h2>Interface</h2><table id=\"if\"></table><h2>ARP table</h2><table id=\"arp\"></table></div>\n" +
"<div><h2>Memory fixed at start (bytes)</h2><table id=\"mem\"></table></div>\n" +
"<div><h2>Counters (non-zero)</h2><table id=\"cnt\"></table></div></div>\n" +
"<script>\n" +
"function e(s){return String(s).replace(/[&<>]/g,function(c){return{'&':'&amp;','<':'&lt;','>':'&gt;'}[c]})}\n" +
"function rows(id,head,list){var h='<tr>'+head.map(function(x){return'<th>'+x+'</th>'}).join('')+'</tr>';\n" +
" list.forEach(function(r){h+='<tr>'+r.map(function(x){return typeof x=='number'?'<td class=n>'+x+'</td>':'<td>'+e(x)+'</td>'}).join('')+'</tr>'});\n" +
" document.getElementById(id).innerHTML=h}\n" +
"function show(s){var i=s.interface,d=i.dhcp,m=s.memory;\n" +
" document.getElementById('title').textContent='NanoTcp '+s.device.name+' ('+s.device.chip+')';\n" +
" document.getElementById('sub').textContent='up '+Math.round(s.uptimeMs/1000)+' s, '+s.tcp.length+' TCP connection(s), refreshed every second';\n" +
" rows('if',['field','value'],[['MAC',i.mac],['IP',i.ip+' / '+i.mask+' ('+i.addressSource+')'],['gateway',i.gateway],['link',i.link?'up':'down'],\n" +
"  ['DHCP',d.state+(d.leaseRemainingMs>=0?', lease '+Math.round(d.leaseRemainingMs/1000)+' s from '+d.server:'')]]);\n" +
" rows('tcp',['slot','state','local','remote','SND.UNA','SND.NXT','RCV.NXT','SND.WND','RCV.WND'],\n" +
"  s.tcp.map(function(c){return[c.slot,c.state,c.local,c.remote,c.sndUna,c.sndNxt,c.rcvNxt,c.sndWnd,c.rcvWnd]}));\n" +
" rows('arp',['IP','MAC','state','deadline (ms)'],s.arp.map(function(a){return[a.ip,a.mac,a.state,a.deadlineInMs]}));\n" +
" rows('mem',['part','bytes'],Object.keys(m.parts).map(function(k){return[k,m.parts[k]]}).concat([['total',m.totalBytes]]));\n" +
" rows('cnt',['counter','value'],Object.keys(s.counters).filter(function(k){return s.counters[k]}).map(function(k){return[k,s.counters[k]]}))}\n" +
"function tick(){fetch('status.json',{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){\n" +
" document.getElementById('err').textContent='';show(s)}).catch(function(x){document.getElementById('err').textContent='fetch failed: '+x})}\n" +
"tick();setInterval(tick,1000);\n" +
"</script></body></html>\n";
    }
}
