// Uploads a file to Datenportal's tus endpoint with tus-js-client, as a
// browser or Node application would, retrying after network failures.
// Usage: node upload.js ENDPOINT TOKEN FILE PACKAGE_ID CHUNK_SIZE
// Prints RETRY lines, then RESOURCE <id> and DONE <upload url>.
'use strict'
const fs = require('fs')
const tus = require('tus-js-client')

const [endpoint, token, file, pkg, chunk] = process.argv.slice(2)
const data = fs.readFileSync(file)
const upload = new tus.Upload(data, {
  endpoint,
  headers: { Authorization: token },
  metadata: { package_id: pkg, filename: 'Messwerte 2024.csv', name: 'Messwerte', filetype: 'text/csv' },
  uploadSize: data.length,
  chunkSize: Number(chunk) > 0 ? Number(chunk) : Infinity,
  retryDelays: [0, 100, 300, 1000],
  onShouldRetry (err, attempt) {
    const status = err.originalResponse ? err.originalResponse.getStatus() : 0
    console.log('RETRY', attempt, status, err.message.split('\n')[0])
    return status === 0 || status >= 500 || status === 409 || status === 423
  },
  onAfterResponse (req, res) {
    const id = res.getHeader('Datenportal-Resource-Id')
    if (id) console.log('RESOURCE', id)
  },
  onError (err) {
    console.log('ERROR', err.message)
    process.exit(1)
  },
  onSuccess () {
    console.log('DONE', upload.url)
  }
})
upload.start()
