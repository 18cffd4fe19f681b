"""A small OAI-PMH 2.0 repository for the harvester tests, on 127.0.0.1.

Prints the port on the first line of stdout. The first path segment picks a scenario:
ok, flaky (503 with Retry-After, then a truncated page), badtoken, failing (page 2 fails twice),
broken (a malformed record on page 1), empty (noRecordsMatch), loop (page 2 gives its own token again). GET /requests lists the requests seen.
"""
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<responseDate>2024-02-01T00:00:00Z</responseDate>\n')
TAIL = '</OAI-PMH>\n'


def record(identifier, datestamp, subjects):
    parts = []
    for text, uri in subjects:
        if uri:
            parts.append('<subject subjectScheme="Photon and Neutron Experimental Techniques (PaNET) ontology" '
                         'schemeURI="http://purl.org/pan-science/PaNET/" valueURI="%s">%s</subject>' % (uri, text))
        else:
            parts.append('<subject>%s</subject>' % text)
    return ('<record><header><identifier>%s</identifier><datestamp>%s</datestamp><setSpec>data</setSpec></header>'
            '<metadata><resource xmlns="http://datacite.org/schema/kernel-4">'
            '<titles><title>Dataset %s</title></titles><subjects>%s</subjects></resource></metadata></record>\n'
            % (identifier, datestamp, identifier, ''.join(parts)))


def deleted(identifier, datestamp):
    return ('<record><header status="deleted"><identifier>%s</identifier><datestamp>%s</datestamp></header></record>\n'
            % (identifier, datestamp))


PURL = 'http://purl.org/pan-science/PaNET/'
PAGES = {
    None: ([record('oai:test:1', '2024-01-01T10:00:00Z', [('small angle x-ray scattering', PURL + 'PaNET01188')]),
            record('oai:test:2', '2024-01-02T10:00:00Z', [('SANS', 'https://w3id.org/pan-science/PaNET/PaNET01189')])],
           't2'),
    't2': ([record('oai:test:3', '2024-01-03T10:00:00Z', [('x-ray absorption', None), ('Magnetism', None)]),
            deleted('oai:test:1', '2024-01-03T12:00:00Z')], 't3'),
    't3': ([record('oai:test:4', '2024-01-04T10:00:00Z', [('tomography', PURL + 'PaNET01129')])], ''),
}

lock = threading.Lock()
log = []
counts = {}


def respond(handler, status, body, headers=()):
    data = body.encode('utf-8')
    handler.send_response(status)
    handler.send_header('Content-Type', 'text/xml; charset=utf-8')
    handler.send_header('Content-Length', str(len(data)))
    for key, value in headers:
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(data)


def error(code, message):
    return HEAD + '<request>http://127.0.0.1/oai</request><error code="%s">%s</error>\n' % (code, message) + TAIL


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == '/requests':
            with lock:
                body = json.dumps(log)
            data = body.encode()
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        scenario = url.path.strip('/').split('/')[0]
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        with lock:
            log.append({'scenario': scenario, 'query': query})
            key = (scenario, query.get('verb'), query.get('resumptionToken'))
            counts[key] = counts.get(key, 0) + 1
            attempt = counts[key]
        verb = query.get('verb')
        if verb == 'Identify':
            respond(self, 200, HEAD + '<request verb="Identify">http://127.0.0.1/oai</request><Identify>'
                    '<repositoryName>test</repositoryName><baseURL>http://127.0.0.1/oai</baseURL>'
                    '<protocolVersion>2.0</protocolVersion><earliestDatestamp>2024-01-01T00:00:00Z</earliestDatestamp>'
                    '<deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity>'
                    '</Identify>\n' + TAIL)
            return
        if verb != 'ListRecords':
            respond(self, 200, error('badVerb', 'unsupported verb'))
            return
        token = query.get('resumptionToken')
        if scenario == 'empty' or (token is None and query.get('from', '') >= '2024-01-04T10:00:00Z'):
            respond(self, 200, error('noRecordsMatch', 'no records'))
            return
        if token is None and query.get('metadataPrefix') != 'oai_datacite':
            respond(self, 200, error('cannotDisseminateFormat', 'unknown format'))
            return
        if scenario == 'badtoken' and token == 't2':
            respond(self, 200, error('badResumptionToken', 'expired token'))
            return
        if token not in PAGES:
            respond(self, 200, error('badResumptionToken', 'unknown token'))
            return
        if scenario == 'flaky' and token == 't2' and attempt == 1:
            respond(self, 503, 'busy', [('Retry-After', '1')])
            return
        if scenario == 'failing' and token == 't2' and attempt <= 2:
            respond(self, 500, 'internal error')
            return
        records, next_token = PAGES[token]
        if scenario == 'loop' and token == 't2':
            if attempt > 20:
                # A harvester that did not notice gets an error instead of looping forever.
                respond(self, 200, error('badResumptionToken', 'looped 20 times'))
                return
            next_token = 't2'
        if scenario == 'broken' and token is None:
            records = records + ['<record><header><identifier>oai:test:bad</identifier>'
                                 '<datestamp>2024-01-02T11:00:00Z</datestamp></header><metadata>'
                                 '<resource><titles><title>Broken & bad</title></titles></resource></metadata></record>\n']
        body = HEAD + '<request verb="ListRecords">http://127.0.0.1/oai</request><ListRecords>\n' + ''.join(records)
        body += '<resumptionToken completeListSize="4" cursor="0">%s</resumptionToken>\n' % next_token
        body += '</ListRecords>\n' + TAIL
        if scenario == 'flaky' and token == 't3' and attempt == 1:
            body = body[:len(body) // 2]
        respond(self, 200, body)


def main():
    # A parent that blocks signals passes the mask on; make sure SIGTERM and SIGINT end the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == '__main__':
    sys.exit(main())
