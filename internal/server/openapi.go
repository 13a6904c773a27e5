package server

import _ "embed"

// openAPI is the OpenAPI 3 description of /api/v1, served at
// /api/openapi.json; TestOpenAPIInSync keeps it and the routes in step.
//
//go:embed openapi.json
var openAPI []byte
