// Opens the API reference on this origin's OpenAPI document (/api/v1/docs serves the page that loads this file).
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: false,
  tryItOutEnabled: true,
});
